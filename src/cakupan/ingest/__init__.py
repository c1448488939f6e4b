"""Reading and validating the files users import: no database here, only frames in and frames out."""
