"""行政机关负责人出庭应诉: litigation cases, hearings, who appeared, the appearance rate."""
