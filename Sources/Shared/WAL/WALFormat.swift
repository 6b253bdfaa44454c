/// The on-disk format, for `kvwal --help` and for anyone with a hex dump.
public enum WALFormat {
    public static let description = """
    WAL directory (<data-dir>/member/wal/)
      Segments named <seq>-<first index>.wal, 16 lowercase hex digits each, e.g.
      0000000000000000-0000000000000000.wal. <seq> counts up by one from segment to segment;
      <first index> is the entry index the writer expected next when it started the segment.
      A segment is preallocated (64 MiB by default) and zero-filled; a new one is started when
      the next record would not fit. It is written as <name>.tmp, synced, then renamed, and the
      directory is synced, so a segment under a real name always has its whole head. A record
      larger than a segment goes alone into a segment that grows to hold it.

    Record frame (every number little-endian; frames start at 8-byte aligned offsets)
      bytes 0..<4    body length in bytes (UInt32)
      byte  4        kind: 1 metadata, 2 entry, 3 hard state, 4 snapshot marker, 5 crc carry-over
      byte  5        padding length (0...7): zero bytes after the body up to the next multiple of 8
      bytes 6..<8    zero
      bytes 8..<12   CRC-32C (Castagnoli) of bytes 0..<8 and the body, seeded with the previous
                     record's CRC (chained: each record vouches for all before it)
      bytes 12..     body, then the padding
      An all-zero header (kind 0 does not exist) marks the end of the records in a segment.

    Bodies
      metadata         member id (UInt64), cluster id (UInt64), then opaque bytes to the end
      entry            index (UInt64), term (UInt64), kind (UInt8: 0 normal, 1 conf change), data
      hard state       term, vote, commit (UInt64 each)
      snapshot marker  index, term (UInt64 each)
      crc carry-over   the CRC of the previous segment's last record (UInt32); 0 in the first

    Segment layout
      crc carry-over, metadata (the same in every segment), then in the first segment a
      snapshot marker at index 0 term 0, in later ones the current hard state if there is one;
      then entries, hard states and snapshot markers in the order written. The carry-over's own
      CRC is seeded with the value it carries, so a segment can be checked without its
      predecessors.

    Reading
      Entries may go back (a rewritten tail replaces the entries from that index on) but never
      skip an index. A damaged last record of the last segment with nothing valid after it is a
      torn write: open zeroes it and warns. Any other damage (bad CRC, bad frame, missing
      segment, index gap, metadata mismatch, bad file name) stops open with the file and byte
      offset.

    Snapshot files (<data-dir>/member/snap/<term>-<index>.snap, 16 lowercase hex digits each)
      "KVDSNAP1", CRC-32C (UInt32) of everything from byte 16 on, 4 zero bytes, index (UInt64),
      term (UInt64), voter count (UInt32), learner count (UInt32), the voter then learner ids
      (UInt64 each), data length (UInt64), data. Written as <name>.tmp, synced, renamed, and the
      directory synced.
    """
}
