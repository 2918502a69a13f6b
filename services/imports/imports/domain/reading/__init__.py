"""Reading uploaded files: encoding and delimiter detection, XLSX checks, streamed rows."""
