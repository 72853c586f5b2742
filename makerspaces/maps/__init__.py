"""Where the spaces are: coordinates and their datums, the boundary data, the server-drawn SVG maps.

``coordinates`` imports nothing of ours; ``boundaries`` reads the simplified data file that the
``build_map_data`` command writes once from the boundary data set; ``svg`` draws from both.
"""
