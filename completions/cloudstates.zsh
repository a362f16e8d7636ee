#compdef cloudstates

_cloudstates_completion() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _CLOUDSTATES_COMPLETE=complete_zsh cloudstates)
}

compdef _cloudstates_completion cloudstates
