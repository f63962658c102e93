package cli

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"biokiosk/records"
)

// cmdSessions lists the latest flow sessions from the kiosk's audit log.
func cmdSessions(ctx context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("sessions", flag.ContinueOnError)
	fs.SetOutput(st.err)
	n := fs.Int("n", 20, "how many sessions to list, newest first")
	asJSON := fs.Bool("json", false, "print JSON")
	db := fs.String("db", "", "records database (default: <config dir>/biokiosk/records.db)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	path := *db
	if path == "" {
		p, err := records.DefaultPath()
		if err != nil {
			fmt.Fprintln(st.err, "biokiosk sessions:", err)
			return 1
		}
		path = p
	}
	store, err := records.Open(ctx, path)
	if err != nil {
		fmt.Fprintln(st.err, "biokiosk sessions:", err)
		return 1
	}
	defer store.Close()
	list, err := store.Latest(ctx, *n)
	if err != nil {
		fmt.Fprintln(st.err, "biokiosk sessions:", err)
		return 1
	}
	if *asJSON {
		if err := printJSON(st.out, map[string]any{"sessions": list}, true); err != nil {
			fmt.Fprintln(st.err, "biokiosk sessions:", err)
			return 1
		}
		return 0
	}
	tw := tabwriter.NewWriter(st.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTARTED\tFLOW\tOUTCOME\tUSER\tREFERENCE\tERROR\tMS")
	for _, s := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", s.ID, s.StartedAt.Local().Format("2006-01-02 15:04:05"),
			s.Flow, s.Outcome, s.UserID, s.ReferenceID, s.ErrorCode, s.MS)
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
