/** The command line's own help; `/papers` help lives with the command tree in commands/. */
export const USAGE = `Usage: paperboy <command> [options]

Commands:
  start                                  run every platform whose credentials are set, plus the
                                         scheduler; with none, the console
  ingest [--date D | --from D --to D | --days N]
                                         fetch Daily Papers into the database and print counts
  digest [--date D] [--top N] [--json]   print the digest for daily date D (default: the latest
                                         date with papers)
  search QUERY [--limit N] [--local] [--json]
                                         print search results (merged with Hugging Face's own
                                         search unless --local)
  similar ID [--limit N] [--json]        print the papers most like one paper (default 5), by
                                         title, keywords and abstract
  migrate                                apply pending database migrations
  copy-db --to URL [--merge]             copy everything in DATABASE_URL into another database
                                         (SQLite to PostgreSQL); --merge into one holding data
  backup FILE                            copy the SQLite database to FILE while Paperboy runs,
                                         checked; restore by copying it back (PostgreSQL: pg_dump)
  status [--json]                        per digest target: schedule, last digest, next run,
                                         failures; per person: alerts pending and delivered
  register-commands [--guild ID]         register /papers with Discord (globally, or in one
                                         server); start does it by itself when it changed. To
                                         take commands over HTTP instead of the gateway, set
                                         DISCORD_PUBLIC_KEY and HTTP_PORT and enter
                                         https://your.host/discord/interactions as the app's
                                         Interactions Endpoint URL (Developer Portal, General
                                         Information); Discord checks it with a signed PING
  slack-manifest --socket-mode | --url URL [--oauth] [--command /papers]
                                         print the Slack app manifest (Socket Mode, or HTTP
                                         with the request URL); --oauth: a distributed app
                                         installed in many workspaces (prints its redirect
                                         URL and scopes)
  help                                   show this help

Dates are YYYY-MM-DD (UTC). Query language: words, "exact phrase", OR, -excluded,
author:"Name", org:name. Configuration comes from the environment or a .env file
(see .env.example). Exit codes: 0 success, 1 runtime failure, 2 bad usage.`;
