from dauys.cli import main

raise SystemExit(main())
