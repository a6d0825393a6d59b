//! Server functions of the function detail and assumptions pages.
