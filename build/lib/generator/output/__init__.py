"""What a run leaves behind: rendered pages, the output folder and its manifest,
file names, and the MkDocs hook that publishes the briefings."""
