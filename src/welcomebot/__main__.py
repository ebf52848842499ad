from welcomebot.cli.main import main

raise SystemExit(main())
