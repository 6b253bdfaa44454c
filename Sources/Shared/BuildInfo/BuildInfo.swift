/// One version for every kvd tool, so that `kvd --version` and `kvctl version` never disagree.
public enum BuildInfo {
    public static let version = "0.1.0"
    /// The etcd API version kvd serves; etcd clients read it from Status.
    public static let etcdAPIVersion = "3.4"
}
