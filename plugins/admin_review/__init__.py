"""行政复议 (administrative review): the case file, its statutory periods, notices and indicators."""
