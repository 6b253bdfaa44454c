/// The write-ahead log. (Being written.)
public enum WALFormat {}
