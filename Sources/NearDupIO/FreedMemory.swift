#if canImport(Glibc)
    import CLinuxEvents
#endif

/// Memory the allocator keeps for reuse after it was freed.
public enum FreedMemory {
    /// Returns what the allocator keeps for reuse (freed by a finished phase or a background report, in per-thread
    /// arenas) to the system, so that the next peak does not stack on top of it. glibc keeps freed pages in the
    /// middle of an arena until asked; a long-running daemon otherwise holds each background piece's peak for good.
    public static func release() {
        #if canImport(Glibc)
            malloc_trim(0)
        #endif
    }
}
