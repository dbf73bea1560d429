# SPDX-License-Identifier: GPL-2.0-or-later
"""qi-campaign: SimPoint campaigns (profile, cluster, capture) over many
workloads, run by a local process pool or by Slurm."""
