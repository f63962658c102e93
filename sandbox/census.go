package sandbox

import (
	"context"
	"fmt"
)

// Census is what the sandbox holds of people, for operators and for
// tests that check a flow left nothing behind: the BiometrID users (ids)
// and their templates, the Verifik persons and the BioPass ID persons.
type Census struct {
	Users          []string `json:"users"`
	FaceTemplates  int      `json:"face_templates"`
	VoiceTemplates int      `json:"voice_templates"`
	OpenDialogues  int      `json:"open_dialogues"`
	VerifikPersons int      `json:"verifik_persons"`
	// VerifikOpen counts app registrations still STARTED or ONGOING.
	VerifikOpen    int `json:"verifik_open_registrations"`
	BioPassPersons int `json:"biopass_persons"`
}

// Census counts what the sandbox holds, over every client.
func (s *Server) Census(ctx context.Context) (Census, error) {
	c := Census{Users: []string{}}
	rows, err := s.db.db.QueryContext(ctx, `SELECT id FROM users ORDER BY id`)
	if err != nil {
		return c, fmt.Errorf("sandbox: census: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return c, fmt.Errorf("sandbox: census: %w", err)
		}
		c.Users = append(c.Users, id)
	}
	if err := rows.Err(); err != nil {
		return c, fmt.Errorf("sandbox: census: %w", err)
	}
	for _, q := range []struct {
		sql string
		n   *int
	}{
		{`SELECT COUNT(*) FROM face_templates`, &c.FaceTemplates},
		{`SELECT COUNT(*) FROM voice_templates`, &c.VoiceTemplates},
		{`SELECT COUNT(*) FROM dialogues`, &c.OpenDialogues},
		{`SELECT COUNT(*) FROM vk_persons`, &c.VerifikPersons},
		{`SELECT COUNT(*) FROM vk_registrations WHERE status IN ('STARTED', 'ONGOING')`, &c.VerifikOpen},
		{`SELECT COUNT(*) FROM biopass_persons`, &c.BioPassPersons},
	} {
		if err := s.db.db.QueryRowContext(ctx, q.sql).Scan(q.n); err != nil {
			return c, fmt.Errorf("sandbox: census: %w", err)
		}
	}
	return c, nil
}
