#!/usr/bin/env python
from polku.cli import main

if __name__ == "__main__":
    main()
