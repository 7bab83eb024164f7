/// The revision of the rules that decide pairs and clusters from fingerprints: the verifier's evidence, the chaining
/// guard and what counts as furniture.
///
/// A live index keeps the decisions it made; a checkpoint of it written under another revision would keep them for
/// every cluster no later batch touches, and differ from `neardup cluster` over the same documents. So a checkpoint
/// records the revision it was decided under, and a start under another one rebuilds the index from the state log.
/// Fingerprints are not recomputed (the texts are gone): a rule that reads text differently applies to documents
/// fingerprinted after it.
public enum EvidenceRules {
    /// Raised with every change that decides some pair, cluster or furniture differently.
    ///
    /// 1. 2026-12-06: a date read as a month and a day, month first, its day as a number, without its year
    ///    (`TemplateFacts`), and two reports whose leads name no date of each other kept apart
    ///    (`Verifier.otherPeriods`); the first revision recorded, so a checkpoint from before it (flash bridges,
    ///    headlines out of furniture, corrected issuers and earlier) is rebuilt too.
    /// 2. 2026-12-06 (every rule change of that session, none released before it): two such reports whose lead
    ///    sentences each hold two or more figures the other names nowhere and at most one it names kept apart too
    ///    (`Verifier.otherPeriods`); two longer texts that are not reports and whose whole texts agree (`near`) not
    ///    parted by their figures, and their edge held to the chaining guard's linkage floor on the texts alone
    ///    (`ChainingGuard.joinsWholeVersions`); two texts each at least half in the other a reprint.
    /// 3. 2026-12-06 (tenth session): two reports whose first lines fill one headline (a run of figures one
    ///    placeholder) with no figure or date in common kept apart (`Verifier.otherEditions`), for fingerprints of
    ///    coding version 7, which keep the first line; a weekday's abbreviation at the head of a headline is its
    ///    subject (`SubjectWord`: "SUN <SUN> RAISES ..."), for fingerprints made from then on.
    /// 4. 2026-12-06 (eleventh session): the editions rule reads tables of up to twice a report's length whose
    ///    headlines are titles (`Verifier.isTable`): one price table at two sessions, "1330" and "CLOSING"; a name
    ///    written "X of Y" at the head of a headline has `Y` for its subject (`SubjectWord`: "BANK OF MONTREAL"),
    ///    for fingerprints made from then on; one is the next edition of the other when it compares a new figure
    ///    with a figure the other reported as changed (`Verifier.nextEdition`), for fingerprints of coding version 8,
    ///    which keep the figures a text compares.
    /// 5. 2026-12-07 (nineteenth session): two texts of headline length (`Verifier.maximumFlashTokens` words or
    ///    fewer each) that are not near-duplicates are no reprint of each other unless one is a flash beside the
    ///    other or a re-sent copy of its table; a headline wrapped over two or three lines is one segment
    ///    (`Segmenter`), and so a flash, for fingerprints made from then on.
    /// 6. 2026-12-07 (twentieth session): the chaining guard lets two clusters merge when each relates to the other's
    ///    end of an edge that has an article at one end at least (`ChainingGuard.endLinkage`), for versions of a
    ///    page that drifted apart.
    /// 7. 2026-12-07 (twenty-second session): beside a short notice, two leads part when one holds two or more
    ///    figures the other text names nowhere and the other lead at least one (`Verifier.otherPeriods`).
    public static let revision = 7
}
