Kvcert.main()
