"""Data types shared by requests and responses; empty, as ``momento.common_data`` is in momento 1.29.1."""
