package cli

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"biokiosk/internal/app"
	"biokiosk/logging"
)

// cmdSessions lists the latest flow sessions from the kiosk's audit log.
func cmdSessions(ctx context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("sessions", flag.ContinueOnError)
	fs.SetOutput(st.err)
	n := fs.Int("n", 20, "how many sessions to list, newest first")
	asJSON := fs.Bool("json", false, "print JSON")
	records := fs.String("records", "", "the records: a PostgreSQL DSN or a SQLite file (default: as enroll's --records)")
	db := fs.String("db", "", "deprecated: --records")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	st.json = *asJSON
	if *db != "" {
		if *records != "" && *records != *db {
			fmt.Fprintln(st.err, "biokiosk sessions: --db is the deprecated name of --records: give one")
			return 2
		}
		fmt.Fprintln(st.err, "biokiosk sessions: --db is deprecated: use --records")
		*records = *db
	}
	a := newApp(st, app.ServerSettings{}, *records, "")
	defer a.Close()
	store, err := a.Records(ctx)
	if err != nil {
		return failJSON(st, "sessions", err)
	}
	// What this kiosk spooled while the records were down goes first.
	if _, waiting, err := a.ForwardAudit(ctx); err != nil {
		st.logger().Warn("sessions not yet in the audit log wait in this kiosk's spool", "waiting", waiting, logging.Err, err)
	}
	list, err := store.Latest(ctx, *n)
	if err != nil {
		return failJSON(st, "sessions", err)
	}
	if *asJSON {
		if err := printJSON(st.out, map[string]any{"sessions": list}, true); err != nil {
			return failJSON(st, "sessions", err)
		}
		return 0
	}
	tw := tabwriter.NewWriter(st.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTARTED\tKIOSK\tFLOW\tOUTCOME\tREFERENCE\tUSER\tERROR\tMS")
	for _, s := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", s.ID, s.StartedAt.Local().Format("2006-01-02 15:04:05"),
			s.KioskID, s.Flow, s.Outcome, s.CustomerNumber, s.UserID, s.ErrorCode, s.MS)
	}
	return boolExit(tw.Flush() == nil)
}

// boolExit maps success to exit code 0 and failure to 1.
func boolExit(ok bool) int {
	if ok {
		return 0
	}
	return 1
}

// cmdCleanup finishes what unfinished registrations left on the server:
// users whose deletion failed, and the users and reservations of kiosk
// processes that died mid-registration (app.Sweep, which also runs before
// a process's first flow).
func cmdCleanup(ctx context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("cleanup", flag.ContinueOnError)
	fs.SetOutput(st.err)
	sf := addServerFlags(fs)
	db := fs.String("records", "", "the records: a PostgreSQL DSN or a SQLite file (default: as enroll's --records)")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	st.json = *asJSON
	a := newApp(st, sf.settings(), *db, "")
	defer a.Close()
	rep, err := a.Sweep(ctx)
	if err != nil {
		return failJSON(st, "cleanup", err)
	}
	failing := 0
	for _, c := range rep.Left {
		if c.LastError != "" {
			failing++
		}
	}
	if *asJSON {
		_ = printJSON(st.out, map[string]any{"ok": failing == 0, "deleted": rep.Deleted, "released": rep.Released, "left": rep.Left}, true)
	} else {
		fmt.Fprintln(st.out, "cleanup:", rep)
		for _, c := range rep.Left {
			fmt.Fprintf(st.out, "  left: user %s (reference %s) since %s: %s\n", c.UserID, c.CustomerNumber, c.CreatedAt, firstNonEmpty(c.LastError, c.Reason))
		}
	}
	if failing > 0 {
		return exitFailed // not a refusal: a server that is still down
	}
	return 0
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
