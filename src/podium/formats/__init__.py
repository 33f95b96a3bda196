"""Reading and writing files: podium's native season folder and other formats."""
