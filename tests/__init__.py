"""Baca's tests. A regular package, so that `tests.support` is not shadowed by the `tests` package that argos-translate-lt installs into site-packages."""
