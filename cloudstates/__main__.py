from cloudstates.cli import main

main()
