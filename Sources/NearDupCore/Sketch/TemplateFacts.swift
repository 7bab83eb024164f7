/// What tells two fillings of one template apart: the figures and dates in a segment, and the segment's words with
/// those masked.
///
/// A *variable* token is a word that starts with a digit (`15`, `1987`, `1st`), a number written as a word (`five`),
/// a month or weekday name, or a session word before a figure or a date in a short segment (`CLOSING - APR 7`). A
/// segment's template hash is its sequence hash with every variable token replaced by one placeholder, so that "Qtly
/// div 10 cts vs 10 cts prior" and "Qtly div 25 cts vs 22 cts prior" share it, and so do "LONDON OILS 1330 - APR 7"
/// and "LONDON OILS CLOSING - APR 7". Its facts are the maximal runs of variable tokens that contain a figure or a
/// session word (`april 15`, `1 522 000`, `closing apr 7`), and lone weekday names, each hashed to 32 bits and kept
/// once per segment. A date is a month and a day, read month first with its day as a number and without its year;
/// another figure after it is a fact of its own (`11 January 2008`, `January 11th, 2008`: `january 11`; `March
/// 11-20`: `march 11` and `20`).
public enum TemplateFacts {
    /// Hashes of the month and weekday names (full and abbreviated) that are masked in templates.
    static let dateWords: HashSet64 = HashSet64(
        [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
            "dec",
        ].map { word in XXHash64.hash(word) })
    /// The weekdays written out: a day whatever else the text says (an abbreviation may be a name, "SUN <SUN>").
    static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    static let weekdays: HashSet64 = HashSet64(
        (weekdayNames + ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"]).map { word in
            XXHash64.hash(word)
        })
    /// Figures written as words (`Qtly div five cts`, `Pay May Two`): masked, and facts like digits.
    static let numberWords: HashSet64 = HashSet64(
        [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
            "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand",
        ].map { word in XXHash64.hash(word) })

    /// The word lists that `scan` and `collapsedTemplate` consult for every token, held by one object that a scan
    /// reads once: on Linux each read of a global `static let` calls `swift_once`, 1.2 % of a clustering run's
    /// samples when the loops read the lists themselves (0.1 % since).
    final class Lexicon: Sendable {
        let dateWords = TemplateFacts.dateWords
        let weekdays = TemplateFacts.weekdays
        let numberWords = TemplateFacts.numberWords
        /// Abbreviated month and weekday names read as the full name in facts: `Feb 25` and `February 25` agree.
        let fullNames: [UInt64: UInt64]
        /// Words that name the session of a market report in its headline ("LONDON OILS CLOSING - APR 7", "LONDON
        /// COCOA SHIPMENTS MIDDAY - APR 7"), where another report of the day has a time ("LONDON OILS 1330 - APR
        /// 7"): in a segment of headline length, before a figure or a date, masked like a time and part of the fact
        /// it starts.
        let sessionWords: HashSet64
        /// One bit per session word's low six hash bits: most words fail this test without a lookup in
        /// `sessionWords`.
        let sessionFilter: UInt64
        /// Number words read as their digits in facts: `Pay June one` and `Pay June 1` agree. (`hundred` and
        /// `thousand` multiply, and stay words.)
        let digitsOfWords: [UInt64: UInt64]
        /// The days of a month as a date writes them (`7`, `07`, `7th`).
        let dayFigures: HashSet64
        /// A day as written beside a month (`2nd`, `02`) read as its number: "February 2nd" and "February 2" agree.
        let dayNumbers: [UInt64: UInt64]
        /// The years a date may end with.
        let years: HashSet64
        /// What may follow a month name in a date: a day (`15`, `05`, `15th`) or a year (1900–2099). Any other
        /// figure after a month is a figure of its own: "DECEMBER 965 MLN DLRS SURPLUS" is the 965 of "965 mln dlrs
        /// ... in December".
        let dateFigures: HashSet64

        init() {
            let abbreviations = [
                ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("jun", "june"),
                ("jul", "july"), ("aug", "august"), ("sep", "september"), ("sept", "september"), ("oct", "october"),
                ("nov", "november"), ("dec", "december"), ("mon", "monday"), ("tue", "tuesday"), ("tues", "tuesday"),
                ("wed", "wednesday"), ("thu", "thursday"), ("thur", "thursday"), ("thurs", "thursday"),
                ("fri", "friday"), ("sat", "saturday"), ("sun", "sunday"),
            ]
            fullNames = Dictionary(
                uniqueKeysWithValues: abbreviations.map { (XXHash64.hash($0.0), XXHash64.hash($0.1)) })
            let sessions = ["opening", "opg", "midday", "noon", "closing", "morning", "afternoon", "evening"].map {
                XXHash64.hash($0)
            }
            sessionWords = HashSet64(sessions)
            sessionFilter = sessions.reduce(0) { $0 | 1 << ($1 & 63) }
            let words = [
                "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
            ]
            var digits = words.enumerated().map { (XXHash64.hash($0.element), XXHash64.hash(String($0.offset))) }
            for (tens, word) in ["thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"].enumerated() {
                digits.append((XXHash64.hash(word), XXHash64.hash(String(30 + 10 * tens))))
            }
            digitsOfWords = Dictionary(uniqueKeysWithValues: digits)
            // Every way a date writes a day of the month (`7`, `07`, `7th`): the written form and the day's number.
            let dayForms: [(written: UInt64, day: UInt64)] = (1...31).flatMap { day -> [(UInt64, UInt64)] in
                let number = String(day)
                let suffix =
                    (day % 10 == 1 && day != 11)
                    ? "st"
                    : (day % 10 == 2 && day != 12)
                        ? "nd"
                        : (day % 10 == 3 && day != 13) ? "rd" : "th"
                let forms = [number, number + suffix] + (day < 10 ? ["0" + number] : [])
                return forms.map { (XXHash64.hash($0), XXHash64.hash(number)) }
            }
            dayFigures = HashSet64(dayForms.map(\.written))
            dayNumbers = Dictionary(uniqueKeysWithValues: dayForms.filter { $0.written != $0.day })
            let yearHashes = (1900...2099).map { XXHash64.hash(String($0)) }
            years = HashSet64(yearHashes)
            dateFigures = HashSet64(dayForms.map(\.written) + yearHashes)
        }
    }
    static let lexicon = Lexicon()
    static let placeholder: UInt64 = 0x5641_5249_4142_4C45
    /// Where a template hash starts.
    static let templateSeed: UInt64 = 0x5445_4D50_4C41_5445

    /// The template hash of `tokens[range]`; its facts are appended to `facts`, and which of them are dates set in
    /// `dates` (`SegmentDigest.dates`). `isNumber[i]` tells whether token `i` starts with a digit.
    static func scan(
        _ tokens: [UInt64], _ range: Range<Int>, isNumber: [Bool], facts: inout [UInt32], dates: inout UInt32
    ) -> UInt64 {
        var hash = templateSeed
        let firstFact = facts.count
        let lexicon = Self.lexicon
        let short = range.count <= Int(Verifier.maximumFlashTokens)
        var run: UInt64 = 0
        var runIsFact = false
        var runLength = 0
        var lastWeekday = false
        var monthOnly = false  // the run so far is one month name
        var lastMonth = false
        var dayFirst: UInt64? = nil  // the run so far is one day (`11`, `2nd`), which a month may follow
        var runHasMonth = false
        // The run is a month and a day. After a session word or a time ("CLOSING APR 7 1987") the run keeps what
        // follows: report headlines write no year.
        var monthDay = false
        dates = 0
        func closeRun() {
            if runLength > 0 && (runIsFact || (runLength == 1 && lastWeekday)) {
                let fact = UInt32(truncatingIfNeeded: StableMix.finalize(run ^ UInt64(runLength)))
                let index = facts[firstFact...].firstIndex(of: fact) ?? facts.count
                if index == facts.count { facts.append(fact) }
                // A date is a month, its day, and at most a session or a time before them; a longer run with a
                // month is a table's rows ("APR 123.5 122.9 1,668 MAY 124.8 ...").
                if runHasMonth && runLength <= 3 && index - firstFact < 32 { dates |= 1 << UInt32(index - firstFact) }
            }
            run = 0
            runIsFact = false
            runLength = 0
            runHasMonth = false
            monthDay = false
        }
        for index in range {
            let token = tokens[index]
            let (number, weekday, session, variable) = kind(
                tokens, index, range, isNumber: isNumber, short: short, lexicon: lexicon)
            if variable {
                hash = StableMix.combine(hash, placeholder)
                let month = !number && !weekday && !session
                // A weekday is a fact of its own: "the week to Wednesday February 25" and "the Feb 25 week" agree
                // on the date. A figure after a month and its day is another fact, and a figure before a month that
                // a day follows is no day of it ("BANGKOK RICE 1 - APRIL 7").
                if weekday || lastWeekday || (monthOnly && isNumber[index] && !lexicon.dateFigures.contains(token))
                    || (monthDay && isNumber[index])
                    || (month && dayFirst != nil && runLength == 1 && index + 1 < range.upperBound
                        && isNumber[index + 1] && lexicon.dayFigures.contains(tokens[index + 1]))
                {
                    let year = monthDay && lexicon.years.contains(token)
                    closeRun()
                    // A date's year is left out: "January 4, 2008" is "January 4", and the years that two fillings
                    // of one template share (a maturity, a payment date) are no agreement of theirs.
                    if year {
                        (monthOnly, lastMonth, dayFirst, lastWeekday) = (false, false, nil, false)
                        continue
                    }
                }
                monthOnly = runLength == 0 && month
                var canonical =
                    isNumber[index]
                    ? token : number ? lexicon.digitsOfWords[token] ?? token : lexicon.fullNames[token] ?? token
                // A date is read month first and with its day as a number, as Reuters writes it: "11 January" and
                // "January 11th" are "january 11".
                if isNumber[index] && lastMonth { canonical = lexicon.dayNumbers[token] ?? token }
                if month, runLength == 1, let day = dayFirst {
                    run = StableMix.combine(StableMix.combine(0, canonical), lexicon.dayNumbers[day] ?? day)
                    monthDay = true
                } else {
                    run = StableMix.combine(run, canonical)
                    monthDay = runLength == 1 && lastMonth && isNumber[index] && lexicon.dayFigures.contains(token)
                }
                dayFirst = runLength == 0 && isNumber[index] && lexicon.dayFigures.contains(token) ? token : nil
                lastMonth = month
                runHasMonth = runHasMonth || month
                runIsFact = runIsFact || number || session
                runLength += 1
                lastWeekday = weekday
            } else {
                closeRun()
                monthOnly = false
                lastMonth = false
                dayFirst = nil
                monthDay = false
                hash = StableMix.combine(hash, token)
            }
        }
        closeRun()
        return StableMix.finalize(hash ^ UInt64(range.count))
    }

    /// What a template masks at `tokens[index]`: a figure or number word, a weekday, a session word (in a headline
    /// or table line, followed by a figure or a date: "CLOSING - APR 7", "MIDDAY 1ST RING"; elsewhere it is prose,
    /// "the opening of the plant", "the quarter closing March 31", which versions of an article reword), or a month.
    /// `lexicon` is `Self.lexicon`, read once by the caller's loop.
    @inline(__always)
    static func kind(
        _ tokens: [UInt64], _ index: Int, _ range: Range<Int>, isNumber: [Bool], short: Bool, lexicon: Lexicon
    ) -> (number: Bool, weekday: Bool, session: Bool, variable: Bool) {
        let token = tokens[index]
        let number = isNumber[index] || lexicon.numberWords.contains(token)
        let weekday = !number && lexicon.weekdays.contains(token)
        let session =
            lexicon.sessionFilter >> (token & 63) & 1 != 0 && short && !number && !weekday
            && lexicon.sessionWords.contains(token)
            && index + 1 < range.upperBound
            && (isNumber[index + 1]
                || (index + 2 < range.upperBound && isNumber[index + 2]
                    && lexicon.dateWords.contains(tokens[index + 1])))
        return (number, weekday, session, number || weekday || session || lexicon.dateWords.contains(token))
    }

    /// The template hash of `tokens[range]` with each run of variable tokens one placeholder, so that a time
    /// written "1030" and one written "12:00" (two tokens) fill one template; for a headline line
    /// (`DocumentFingerprint.firstLineTemplate`), whose facts `scan` reads. 0 for a line of variable tokens only
    /// ("APRIL 7, 1987"), which names no report.
    static func collapsedTemplate(_ tokens: [UInt64], _ range: Range<Int>, isNumber: [Bool]) -> UInt64 {
        var hash = templateSeed
        var units: UInt64 = 0
        var words = 0
        var previousVariable = false
        let lexicon = Self.lexicon
        let short = range.count <= Int(Verifier.maximumFlashTokens)
        for index in range {
            let variable = kind(
                tokens, index, range, isNumber: isNumber, short: short, lexicon: lexicon
            ).variable
            if !variable {
                words += 1
                hash = StableMix.combine(hash, tokens[index])
                units += 1
            } else if !previousVariable {
                hash = StableMix.combine(hash, placeholder)
                units += 1
            }
            previousVariable = variable
        }
        guard words > 0 else { return 0 }
        let template = StableMix.finalize(hash ^ units)
        return template == 0 ? 1 : template
    }
}
