import NearDupCore

extension SkippedInput.Reason {
    init(_ code: IOError.Code) {
        switch code {
        case .notFound: self = .notFound
        case .tooLarge: self = .tooLarge
        case .corruptGzip: self = .corruptGzip
        case .notAFile: self = .notAFile
        case .unreadable, .unwritable, .compressionFailed, .damaged: self = .unreadable
        }
    }
}
