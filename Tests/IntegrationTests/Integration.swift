import Testing

/// Every integration suite runs inside this one, one at a time: each starts whole clusters
/// of real processes, and two at once would starve each other of the machine's two cores.
@Suite(.serialized) enum Integration {}
