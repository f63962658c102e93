package records

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// VendorIDs are a back end's own ids for one of its users, kept where the
// API cannot give them back later (BioPass ID: the person's BioPassID and
// the account's ClientID, answered on enrolment only).
type VendorIDs struct {
	UserID, Backend, VendorID, AccountID string
}

// KeepVendorIDs stores (or replaces) a user's vendor ids.
func (s *Store) KeepVendorIDs(ctx context.Context, v VendorIDs) error {
	_, err := s.exec(ctx, `INSERT INTO vendor_ids (user_id, backend, vendor_id, account_id, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET backend = excluded.backend, vendor_id = excluded.vendor_id,
		account_id = excluded.account_id, updated_at = excluded.updated_at`,
		v.UserID, v.Backend, v.VendorID, v.AccountID, stamp(s.now()))
	if err != nil {
		return fmt.Errorf("records: keep vendor ids: %w", s.unavailable(err))
	}
	return nil
}

// VendorIDsOf returns a user's vendor ids.
func (s *Store) VendorIDsOf(ctx context.Context, userID string) (VendorIDs, bool, error) {
	v := VendorIDs{UserID: userID}
	err := s.queryRow(ctx, `SELECT backend, vendor_id, account_id FROM vendor_ids WHERE user_id = ?`, userID).Scan(&v.Backend, &v.VendorID, &v.AccountID)
	if errors.Is(err, sql.ErrNoRows) {
		return VendorIDs{}, false, nil
	}
	if err != nil {
		return VendorIDs{}, false, fmt.Errorf("records: read vendor ids: %w", s.unavailable(err))
	}
	return v, true, nil
}

// ForgetVendorIDs drops a deleted user's vendor ids.
func (s *Store) ForgetVendorIDs(ctx context.Context, userID string) error {
	if _, err := s.exec(ctx, `DELETE FROM vendor_ids WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("records: forget vendor ids: %w", s.unavailable(err))
	}
	return nil
}
