import Shared

print("gatehouse-bench-server \(BuildInfo.version)")
