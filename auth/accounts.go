package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"jiangxin/graph"
)

// NewAccount is what creating an account takes.
type NewAccount struct {
	Username    string
	Password    string
	DisplayName string
	Role        Role
	ScopeID     string
}

// Accounts creates accounts and checks their passwords over a graph.Store. The GraphQL API
// and the `jiangxin user` command share it.
type Accounts struct {
	store  graph.Store
	svc    *graph.Service
	hasher *Hasher
}

// NewAccounts returns an Accounts over svc's store; a nil hasher uses DefaultParams.
func NewAccounts(svc *graph.Service, hasher *Hasher) *Accounts {
	if hasher == nil {
		hasher = defaultHasher()
	}
	return &Accounts{store: svc.Store(), svc: svc, hasher: hasher}
}

// Create stores a new account with a hashed password. It returns ErrInvalid for a malformed
// username, a password outside the length policy, an unknown role or a scope of the wrong kind
// or unknown, and ErrConflict for a taken username.
func (a *Accounts) Create(ctx context.Context, in NewAccount) (graph.Account, error) {
	name := graph.NormalizeUsername(in.Username)
	if err := graph.CheckUsername("username", name); err != nil {
		return graph.Account{}, err
	}
	hash, err := a.hasher.Hash(in.Password)
	if err != nil {
		return graph.Account{}, err
	}
	now := a.svc.Now()
	acc := graph.Account{ID: a.svc.NewID(graph.KindAccount), Username: name,
		DisplayName: strings.TrimSpace(in.DisplayName), Role: in.Role, ScopeID: in.ScopeID,
		PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
	if acc.DisplayName == "" {
		acc.DisplayName = name
	}
	if err := a.store.CreateAccount(ctx, acc); err != nil {
		return graph.Account{}, fmt.Errorf("create account: %w", err)
	}
	return acc, nil
}

// Authenticate returns the account when username and password match and it is enabled. Every
// refusal wraps graph.ErrUnauthenticated with the same message, and an unknown username costs
// the same time as a wrong password. A hash made with older parameters is upgraded.
func (a *Accounts) Authenticate(ctx context.Context, username, password string) (graph.Account, error) {
	refused := fmt.Errorf("wrong username or password: %w", graph.ErrUnauthenticated)
	acc, err := a.store.GetAccountByUsername(ctx, graph.NormalizeUsername(username))
	if errors.Is(err, graph.ErrNotFound) || errors.Is(err, graph.ErrInvalid) {
		_ = a.hasher.FakeCheck(password)
		return graph.Account{}, refused
	}
	if err != nil {
		return graph.Account{}, fmt.Errorf("load account: %w", err)
	}
	if err := a.hasher.Check(acc.PasswordHash, password); err != nil {
		if errors.Is(err, graph.ErrUnauthenticated) {
			return graph.Account{}, refused
		}
		return graph.Account{}, fmt.Errorf("check password: %w", err)
	}
	if acc.Disabled {
		return graph.Account{}, fmt.Errorf("the account is disabled: %w", graph.ErrUnauthenticated)
	}
	if a.hasher.NeedsRehash(acc.PasswordHash) {
		if hash, err := a.hasher.Hash(password); err == nil {
			if up, err := a.store.UpdateAccount(ctx, acc.ID, func(x *graph.Account) error {
				x.PasswordHash = hash
				return nil
			}); err == nil {
				acc = up
			}
		}
	}
	return acc, nil
}

// SetPassword replaces account id's password after checking the old one (skipped when old is
// nil, for an admin reset). A wrong old password is ErrUnauthenticated.
func (a *Accounts) SetPassword(ctx context.Context, id string, old *string, password string) (graph.Account, error) {
	acc, err := a.store.GetAccount(ctx, id)
	if err != nil {
		return graph.Account{}, err
	}
	if old != nil {
		if err := a.hasher.Check(acc.PasswordHash, *old); err != nil {
			return graph.Account{}, fmt.Errorf("the old password is wrong: %w", graph.ErrUnauthenticated)
		}
	}
	hash, err := a.hasher.Hash(password)
	if err != nil {
		return graph.Account{}, err
	}
	now := a.svc.Now()
	return a.store.UpdateAccount(ctx, id, func(x *graph.Account) error {
		x.PasswordHash = hash
		x.UpdatedAt = now
		return nil
	})
}

// SetDisabled disables or re-enables account id.
func (a *Accounts) SetDisabled(ctx context.Context, id string, disabled bool) (graph.Account, error) {
	now := a.svc.Now()
	return a.store.UpdateAccount(ctx, id, func(x *graph.Account) error {
		x.Disabled = disabled
		x.UpdatedAt = now
		return nil
	})
}
