"""The row processor: pure, fast, streaming rules that give each row of a file its verdict."""
