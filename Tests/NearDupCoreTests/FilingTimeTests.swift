import NearDupTestSupport
import Testing

@testable import NearDupCore

@Suite("Filing times")
struct FilingTimeTests {
    @Test(
        arguments: [
            ("1970-01-01T00:00:00Z", 0),
            ("1987-03-19T15:01:01Z", 543_164_461),
            ("1987-03-19t15:01:01.79z", 543_164_461),
            ("1987-03-19 10:01:01-05:00", 543_164_461),
            ("1987-03-20T00:31:01+09:30", 543_164_461),
            ("2024-02-29T12:00:00Z", 1_709_208_000),
            ("1969-12-31T23:59:59Z", -1),
            ("2000-02-29T00:00:00Z", 951_782_400),
            ("0000-03-01T00:00:00Z", -62_162_035_200),
        ] as [(String, Int64)])
    func readsRFC3339DateTimes(text: String, seconds: Int64) {
        #expect(FilingTime.parse(Array(text.utf8)) == seconds)
    }

    @Test(arguments: [
        "1987-03-19", "1987-03-19T15:01:01", "1987-03-19T15:01Z", "1987-02-29T10:00:00Z", "1987-13-01T10:00:00Z",
        "1900-02-29T10:00:00Z",
        "1987-03-19T24:00:00Z", "1987-03-19T15:01:01+5:00", "1987-03-19T15:01:01.Z", "19-MAR-1987 15:01:01",
        "1987-03-19T15:01:01Z ", "",
    ])
    func refusesWhatIsNotAFullDateTimeWithAnOffset(text: String) {
        #expect(FilingTime.parse(Array(text.utf8)) == nil)
    }

    @Test func aFingerprintKeepsItsFilingTimeThroughTheStateLogCoding() throws {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        var fingerprint = fingerprinter.fingerprint("Some words of a short story, filed at a known time.")
        for time in [nil, 543_164_461, -86_400] as [Int64?] {
            fingerprint.filedAt = time
            var writer = ByteWriter()
            FingerprintCoding.encode(fingerprint, into: &writer)
            var reader = ByteReader(writer.bytes[...])
            #expect(try FingerprintCoding.decode(from: &reader) == fingerprint)
            #expect(reader.isAtEnd)
        }
    }
}

/// The filing-time evidence on hand-made wire copy: the same words filed again days later are another edition; a
/// correction the same day, or a copy re-sent days later with its figures, is not.
@Suite("Filing-time evidence")
struct FilingGapEvidenceTests {
    static let day: Int64 = 86_400
    static let monday: Int64 = 545_000_000

    /// Clusters `(id, text, filed)`; nil times stay unknown.
    static func cluster(_ documents: [(String, String, Int64?)], _ configuration: Configuration = Configuration())
        -> [[String]]
    {
        var fingerprinter = Fingerprinter(configuration: configuration)
        let fingerprints = documents.map { document in
            var fingerprint = fingerprinter.fingerprint(document.1)
            fingerprint.filedAt = document.2
            return fingerprint
        }
        let ids = documents.map(\.0)
        return ClusterEngine(configuration: configuration).cluster(ids: ids, fingerprints: fingerprints).groups(ids)
    }

    static func together(_ groups: [[String]], _ a: String, _ b: String) -> Bool {
        groups.contains { $0.contains(a) && $0.contains(b) }
    }

    @Test func oneWeeklyReportFiledAWeekApartIsTwoStoriesThoughTheWordsAgree() {
        let first = WireCopy.weeklyShipments(week: "March 26")
        let second = WireCopy.weeklyShipments(week: "April 2")
        // Without filing times the words and all figures but the week agree: the text cannot tell the weeks apart.
        #expect(Self.together(Self.cluster([("w1", first, nil), ("w2", second, nil)]), "w1", "w2"))
        let weekApart = Self.cluster([("w1", first, Self.monday), ("w2", second, Self.monday + 7 * Self.day)])
        #expect(!Self.together(weekApart, "w1", "w2"))
        // The same report with its week corrected two hours later is one story.
        let corrected = Self.cluster([("w1", first, Self.monday), ("w1c", second, Self.monday + 7_200)])
        #expect(Self.together(corrected, "w1", "w1c"))
        var off = Configuration()
        off.filingGap = 0
        let ruleOff = Self.cluster([("w1", first, Self.monday), ("w2", second, Self.monday + 7 * Self.day)], off)
        #expect(Self.together(ruleOff, "w1", "w2"))
    }

    @Test func anIdenticalNoticeFiledAgainWeeksLaterIsTheNextOne() {
        let notice = """
            CENTRAL BANK LEAVES CREDIT POLICIES UNCHANGED

            The central bank left its credit policies unchanged after
            today's regular meeting of its council, a spokesman said.
             Reuter
            """
        let groups = Self.cluster([
            ("march5", notice, Self.monday), ("march5-again", notice, Self.monday + 1_800),
            ("march19", notice, Self.monday + 14 * Self.day), ("april2", notice, Self.monday + 28 * Self.day),
        ])
        #expect(Set(groups.map(Set.init)) == [["march5", "march5-again"], ["march19"], ["april2"]])
        // Without times they are one text.
        #expect(Self.cluster([("a", notice, nil), ("b", notice, nil), ("c", notice, Self.monday)]).count == 1)
    }

    static func plant(workers: String, cost: String, opening: String) -> String {
        """
        NORTHFIELD MOTORS TO BUILD ENGINE PLANT IN OHIO

        Northfield Motors Corp said it will build a new engine plant
        near Dayton, Ohio, that will employ about \(workers) people when it
        reaches full production.
            The company said the plant will cost \(cost) mln dlrs and is
        expected to open in \(opening), supplying engines for the light trucks
        it assembles in Michigan and Kentucky.
            Northfield said the state had offered tax credits and help with
        training, and that construction would start once the final permits
        were granted by the county.
            The company had considered sites in Indiana and Tennessee before
        choosing Ohio, a spokesman said, adding that road and rail links
        to its assembly plants had decided the choice.
            Northfield employs about 21,000 people in the United States and
        had sales of 4.2 billion dlrs last year.
         Reuter
        """
    }

    @Test func aLongStoryReSentDaysLaterStillLinksUnlessItsFiguresChanged() {
        let story = Self.plant(workers: "1,800", cost: "450", opening: "1989")
        let updated = Self.plant(workers: "2,400", cost: "520", opening: "1989")
        let resent = Self.cluster([("story", story, Self.monday), ("copy", story + "\n", Self.monday + 3 * Self.day)])
        #expect(Self.together(resent, "story", "copy"))
        let later = Self.cluster([("story", story, Self.monday), ("new", updated, Self.monday + 3 * Self.day)])
        #expect(!Self.together(later, "story", "new"))
        let sameDay = Self.cluster([("story", story, Self.monday), ("new", updated, Self.monday + 3_600)])
        #expect(Self.together(sameDay, "story", "new"))
    }

    static let flash = "ORION GROUP TELLS SEC IT MAY RAISE STAKE IN KELVIN INDUSTRIES TO 40 PCT"
    static let story = """
        INVESTORS CONSIDER BOOSTING KELVIN HOLDING

        An investor group led by Orion Partners said it is considering
        boosting its holdings of Kelvin Industries Inc to 40 pct of the
        company's outstanding common stock.
            The group already holds 1,250,000 Kelvin shares, or 11.5 pct,
        and said it was dissatisfied with the way management had run the
        company's aerospace business over the past two years.
         Reuter
        """

    @Test func aFlashWhoseStorySaysItDifferentlyLinksWhenFiledWithinTheHour() {
        func linked(_ flashFiled: Int64?, _ storyFiled: Int64?) -> Bool {
            Self.together(
                Self.cluster([("flash", Self.flash, flashFiled), ("story", Self.story, storyFiled)]), "flash", "story")
        }
        #expect(linked(Self.monday, Self.monday + 1_200))
        #expect(!linked(Self.monday, Self.monday + 3 * 3_600))
        #expect(!linked(nil, nil))
    }
}
