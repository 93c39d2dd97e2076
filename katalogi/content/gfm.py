"""cmark-gfm through the cmarkgfm package, without its memory leak.

cmarkgfm's `markdown_to_html_with_extensions` never frees the document tree nor
the rendered string (theacodes/cmarkgfm#53): about 20 KB per call, so 10,000 action
pages leaked 200 MB and a long-running `serve` grew with every rebuild. This does
the same calls through the package's own compiled library and frees both:
the tree with cmark-gfm's `cmark_node_free` (exported by the same library) and the
string with the C library's `free`, which cmark-gfm's default allocator uses.
Where the library cannot be opened this way, cmarkgfm's own function is used.
"""

from __future__ import annotations

import contextlib

from cmarkgfm import _cmark
from cmarkgfm.cmark import markdown_to_html_with_extensions

try:
    import cffi

    _ffi = cffi.FFI()
    _ffi.cdef("void cmark_node_free(void *node); void free(void *pointer);")
    _library = _ffi.dlopen(_cmark.__file__)
    _libc = _ffi.dlopen(None)
    _library.cmark_node_free  # noqa: B018 - fail here, not on first use, if the symbol is missing
except (ImportError, OSError, AttributeError, TypeError):  # Windows, or a build without the symbol
    _library = None

_lib, _cmark_ffi = _cmark.lib, _cmark.ffi


def _address(pointer) -> object:
    """The same C pointer, as our own FFI's `void *`."""
    return _ffi.cast("void *", int(_cmark_ffi.cast("uintptr_t", pointer)))


def render(text: str, options: int, extensions: list[str]) -> str:
    """HTML for GitHub Flavored Markdown `text`, with the given cmark options and extensions."""
    if _library is None:
        return markdown_to_html_with_extensions(text, options, extensions)
    _lib.cmark_gfm_core_extensions_ensure_registered()
    parser = _lib.cmark_parser_new(options)
    root = _cmark_ffi.NULL
    try:
        for name in extensions:
            extension = _lib.cmark_find_syntax_extension(name.encode("ascii"))
            if extension == _cmark_ffi.NULL:
                raise ValueError(f"unknown cmark-gfm extension {name}")
            _lib.cmark_parser_attach_syntax_extension(parser, extension)
        encoded = text.encode("utf-8")
        _lib.cmark_parser_feed(parser, encoded, len(encoded))
        root = _lib.cmark_parser_finish(parser)
        html = _lib.cmark_render_html(root, options, _lib.cmark_parser_get_syntax_extensions(parser))
        try:
            return _cmark_ffi.string(html).decode("utf-8")
        finally:
            _libc.free(_address(html))
    finally:
        with contextlib.suppress(Exception):
            if root != _cmark_ffi.NULL:
                _library.cmark_node_free(_address(root))
        _lib.cmark_parser_free(parser)
