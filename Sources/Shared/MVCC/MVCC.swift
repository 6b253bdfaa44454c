import CLMDB
/// The revisioned key-value store. (Being written.)
public enum MVCCFormat {}
