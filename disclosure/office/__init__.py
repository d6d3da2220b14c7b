"""Tables in, tables out: `build.py import` reads the Word, Excel or CSV tables staff keep and writes data/ files,
`build.py export` writes an edition back as tables in the document's own layout, for review in Word or WPS.

table.py   a table as read from any file: cells with the place a person sees them (表2 第15行 第3列, Sheet1!C15)
emit.py    YAML written in the data files' canonical layout, with the cell each line came from
check.py   what an import would write, validated by the build's own validator, its problems shown at the cells;
           then written all at once, or not at all
"""
