"""The lobby display board: latest calls, counters, waiting counts, chime."""
