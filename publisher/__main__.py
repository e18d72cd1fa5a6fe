"""``python -m publisher`` runs the command line, as the ``publisher`` script does."""

from publisher.cli import main

if __name__ == "__main__":
    main()
