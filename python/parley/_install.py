"""Where `cmake --install` put libparley.so (rewritten by the install;
None in the source tree, where $PARLEY_LIBRARY or the system's library
path is used)."""

LIBRARY = None
