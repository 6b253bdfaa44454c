Kvwal.main()
