package graph

import (
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// AccountRole is the kind of a login account, which decides what its scope names.
type AccountRole string

// The account roles.
const (
	AccountAdmin        AccountRole = "ADMIN"         // system administrator; no scope
	AccountUnionOfficer AccountRole = "UNION_OFFICER" // 工会干部; scope: a union and every union below it
	AccountEnterprise   AccountRole = "ENTERPRISE"    // 企业; scope: the enterprise
	AccountCraftsman    AccountRole = "CRAFTSMAN"     // 工匠 / 劳模; scope: the worker
	AccountApprentice   AccountRole = "APPRENTICE"    // 徒弟; scope: the worker
)

// Valid reports whether r is one of the declared roles.
func (r AccountRole) Valid() bool {
	return oneOf(r, AccountAdmin, AccountUnionOfficer, AccountEnterprise, AccountCraftsman, AccountApprentice)
}

// ScopeKind returns the kind of entity an account of role r is scoped to; "" for an admin and
// for an unknown role.
func (r AccountRole) ScopeKind() Kind {
	switch r {
	case AccountUnionOfficer:
		return KindUnion
	case AccountEnterprise:
		return KindEnterprise
	case AccountCraftsman, AccountApprentice:
		return KindWorker
	}
	return ""
}

// MarshalGQL writes the enum value.
func (r AccountRole) MarshalGQL(w io.Writer) { writeEnum(w, string(r)) }

// UnmarshalGQL reads the enum value.
func (r *AccountRole) UnmarshalGQL(v any) error {
	return unmarshalEnum(r, v, AccountRole.Valid, "role")
}

// Account is a login: a username with a password hash, a role and the entity the role is
// scoped to (a union for an officer, an enterprise, or the worker of a craftsman or apprentice).
type Account struct {
	ID           string // acc_…
	Username     string // lower case, unique: the natural key
	DisplayName  string
	Role         AccountRole
	ScopeID      string // union, enterprise or worker ID per Role; "" for an admin
	PasswordHash string // argon2id PHC string; never leaves the server
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// NormalizeUsername returns the canonical form of a username: trimmed and lower case.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// CheckUsername returns an ErrInvalid *FieldError unless s is 3–64 characters of lower-case
// ASCII letters, digits, '.', '_', '-' or '@'.
func CheckUsername(field, s string) error {
	if n := len(s); n < 3 || n > 64 {
		return Invalid(field, "must be 3 to 64 characters")
	}
	for _, c := range s {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.ContainsRune("._-@", c)
		if !ok {
			return Invalid(field, "may hold only a-z, 0-9 and . _ - @")
		}
	}
	return nil
}

// Validate checks a's own fields: username shape, role, scope of the kind the role needs,
// a password hash, and timestamps.
func (a *Account) Validate() error {
	if err := CheckID("id", KindAccount, a.ID); err != nil {
		return err
	}
	if err := CheckUsername("username", a.Username); err != nil {
		return err
	}
	if err := checkText("displayName", a.DisplayName, MaxNameLen); err != nil {
		return err
	}
	if !a.Role.Valid() {
		return Invalid("role", "%q is not a role", a.Role)
	}
	if k := a.Role.ScopeKind(); k == "" {
		if a.ScopeID != "" {
			return Invalid("scopeId", "must be empty for %s", a.Role)
		}
	} else if err := CheckID("scopeId", k, a.ScopeID); err != nil {
		return err
	}
	if a.PasswordHash == "" || !utf8.ValidString(a.PasswordHash) || len(a.PasswordHash) > 512 {
		return Invalid("password", "must be set")
	}
	return checkStamps(a.CreatedAt, a.UpdatedAt)
}

// AuditEntry records one state change: who did what to which entity, and when. Entries are
// written once and never changed.
type AuditEntry struct {
	ID        string // aud_…; IDs sort by time
	At        time.Time
	ActorID   string      // account ID; "" for the system (imports, the demo loader, the CLI)
	ActorName string      // the account's username at the time, or "system"
	ActorRole AccountRole // "" for the system
	Action    string      // e.g. "respondPairing", "importSheet"
	EntityID  string      // the entity changed; "" when the action has no single entity
	UnionIDs  []string    // the unions whose officers may see the entry (the entity's unions)
	Summary   string      // a short human-readable line
}

// Validate checks e's own fields.
func (e *AuditEntry) Validate() error {
	if err := CheckID("id", KindAudit, e.ID); err != nil {
		return err
	}
	if e.At.IsZero() || e.At.Location() != time.UTC {
		return Invalid("at", "must be set, in UTC")
	}
	if err := checkOptID("actorId", KindAccount, e.ActorID); err != nil {
		return err
	}
	if e.ActorRole != "" && !e.ActorRole.Valid() {
		return Invalid("actorRole", "%q is not a role", e.ActorRole)
	}
	if err := checkName("action", e.Action); err != nil {
		return err
	}
	if err := checkText("actorName", e.ActorName, MaxNameLen); err != nil {
		return err
	}
	if e.EntityID != "" && KindOf(e.EntityID) == "" {
		return Invalid("entityId", "%q is not an entity ID", e.EntityID)
	}
	if err := checkIDs("unionIds", KindUnion, e.UnionIDs); err != nil {
		return err
	}
	return checkText("summary", e.Summary, MaxTextLen)
}

// AccountFilter narrows ListAccounts. Zero fields do not filter.
type AccountFilter struct {
	Role    AccountRole
	ScopeID string
}

// AuditFilter narrows ListAudit. Zero fields do not filter.
type AuditFilter struct {
	UnionIDs []string // entries naming at least one of these unions
	EntityID string
	ActorID  string
}
