/** The --help text. Keep it in step with README.md's flag table. */
export const HELP = `crdb-connect — from "I have a CockroachDB cluster" to a SQL shell on it

Usage
  crdb-connect [options]
  crdb-connect url [flags] [--format NAME|--json] [--dotenv FILE]  (see crdb-connect url --help)
  crdb-connect doctor <url>                                          (see crdb-connect doctor --help)
  crdb-connect cert create-ca|create-node|create-client|list [flags]   (see crdb-connect cert --help)

With no options on a terminal, a wizard asks for everything (Esc goes back, Ctrl-C quits).
Without a terminal, or with --yes, nothing is asked: missing answers are an error that names the flags.

Where the cluster is
  --host <name>           host name or IP of a node or load balancer (host:port also works)
  --port <n>              SQL port (default 26257)
  --url <url>             a connection string (postgresql://…) without a password
  --url-env <NAME>        read the connection string from environment variable NAME (may hold a password)

Who you are
  --user <name>           SQL user
  --password-env <NAME>   read the password from environment variable NAME (never pass a password as a flag)
  --auth <how>            password, cert (client certificate files) or generate (make certificates now)
  --client-cert <path>    client certificate (client.<user>.crt) for --auth cert
  --client-key <path>     its key (client.<user>.key)
  --certs-dir <dir>       --auth generate: where certificates go (default $COCKROACH_CERTS_DIR or ~/.cockroach-certs)
  --ca-key <path>         --auth generate: the CA key, outside the certs dir (default ~/.cockroach-ca/ca.key)
  --node-hosts <list>     --auth generate: hosts for node.crt (default: the host, localhost, 127.0.0.1)
  --start-local           --auth generate on localhost: start a secure single-node cluster with them

CockroachDB Cloud (the API key comes from COCKROACH_API_KEY, or is typed into the wizard; never a flag)
  --cluster <name|id>     the cluster (implies the Cloud path)
  --region <name>         its region, for multi-region clusters (default: the primary)
  --allow-current-ip      add this machine's public IPv4 /32 to the IP allowlist
  --allow-cidr <cidr>     add an IPv4 network instead (repeatable); 0.0.0.0/0 also needs --confirm-open-network
  --private-endpoint <id> reach it privately instead (Standard, Advanced): the vpce-… / PSC / Azure endpoint id,
                          with --endpoint-network, --endpoint-subnets, --endpoint-security-groups (AWS),
                          --endpoint-resource-group (Azure) for the commands that create it
  --allow-ui              with an allowlist rule on Advanced: also allow DB Console access
  --replace-open-network  remove a 0.0.0.0/0 rule once your network is added (Basic, Standard)
  --trusted-owner <id>    Advanced on AWS: trust this AWS account's private endpoints
  --sql-user <name>       the SQL user (same as --user)
  --create-user           create it (the password from --password-env, at least 12 characters)
  --reset-password        set a new password for an existing user (from --password-env)
  --ip-lookup-url <url>   where to learn the public IP (env CRDB_CONNECT_IP_URL; default https://api.ipify.org)
  COCKROACH_SERVER        the Cloud API origin (default https://cockroachlabs.cloud)

How to connect
  --database <name>       database (default defaultdb)
  --sslmode <mode>        verify-full (default), verify-ca, require or disable
  --ca-cert <path>        CA certificate file (ca.crt, or root.crt from the Cloud Console)

Profiles and dry runs (for support engineers)
  --save-profile <file>   save the answers as a profile (JSON, mode 0600; secrets only as env references)
  --profile <file>        replay a profile (or a doctor report); flags override it; only what is missing is asked
  --dry-run               print every Cloud API call, file write and launch it would make, and change nothing

Behaviour
  -y, --yes               accept every default and never prompt
  --plain                 ask line by line instead of the full-screen wizard (also when TERM=dumb)
  --no-launch             print the connection string and the shell command instead of opening the shell
  --format <name>         show this instead of opening a shell: cockroach-sql, url, params, psycopg2, psycopg3,
                          sqlalchemy, pgx, gorm, node-pg, sequelize, prisma, jdbc, hibernate
  -e, --execute <sql>     run the statement(s) in the shell and exit with its status (repeatable)
  -h, --help              show this help
  -v, --version           print the version

Environment
  NO_COLOR                turn colours off
  COCKROACH_CERTS_DIR     where to look for ca.crt first (default ~/.cockroach-certs)

Exit status: the SQL shell's own status after a hand-off; 0 when done without one; 1 on a failed check;
2 on bad or missing flags; 130 when cancelled with Ctrl-C.
`;
