"""Translation: the offline translator, its Argos packages, the package index and downloads."""
