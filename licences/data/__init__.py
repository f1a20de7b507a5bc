"""Licence data files, one ``<key>.yaml`` per licence; a package so that it ships as data."""
