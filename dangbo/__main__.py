from dangbo.cli import main

raise SystemExit(main())
