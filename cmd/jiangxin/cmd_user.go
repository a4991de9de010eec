package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"jiangxin/auth"
	"jiangxin/demo"
	"jiangxin/graph"
	"jiangxin/graph/gql"
)

// DemoPassword is the password of every demo account (see DemoAccounts); the demo city is for
// trying the product out, never for real data.
const DemoPassword = "jiangxin-2026"

// DemoAccount is one sign-in of the demo city.
type DemoAccount struct {
	Username, DisplayName string
	Role                  auth.Role
	Scope                 func(demo.Summary) string
}

// DemoAccounts are created with the demo city: one per role, on the records of its story.
var DemoAccounts = []DemoAccount{
	{"admin", "系统管理员", auth.RoleAdmin, func(demo.Summary) string { return "" }},
	{"cs.union", "长沙市总工会", auth.RoleUnionOfficer, func(s demo.Summary) string { return s.CityUnionID }},
	{"district.union", "区总工会", auth.RoleUnionOfficer, func(s demo.Summary) string { return s.Districts[0].UnionID }},
	{"hengyue", "长沙恒岳重工", auth.RoleEnterprise, func(s demo.Summary) string { return s.ModelEnterpriseID }},
	{"wangjianxiang", "王建湘", auth.RoleCraftsman, func(s demo.Summary) string { return s.ModelWorkerID }},
	{"lizhiqiang", "李志强", auth.RoleCraftsman, func(s demo.Summary) string { return s.LineageIDs[2] }},
	{"zhangpeng", "张鹏", auth.RoleApprentice, func(s demo.Summary) string { return s.LineageIDs[3] }},
}

// createDemoAccounts adds the demo sign-ins to a freshly loaded demo city.
func createDemoAccounts(ctx context.Context, accounts *auth.Accounts, s demo.Summary) error {
	for _, a := range DemoAccounts {
		if _, err := accounts.Create(ctx, auth.NewAccount{Username: a.Username, Password: DemoPassword,
			DisplayName: a.DisplayName, Role: a.Role, ScopeID: a.Scope(s)}); err != nil && !errors.Is(err, graph.ErrConflict) {
			return fmt.Errorf("demo account %s: %w", a.Username, err)
		}
	}
	return nil
}

// authConfig builds sign-in: the token key from --token-key (hex, at least 32 bytes) or, by
// default, from token.key in the data directory (made on first start, so tokens survive
// restarts).
func (m *Main) authConfig() (*gql.Auth, error) {
	key, err := m.tokenKey()
	if err != nil {
		return nil, err
	}
	signer, err := auth.NewSigner(key, nil)
	if err != nil {
		return nil, fmt.Errorf("token signer: %w", err)
	}
	return &gql.Auth{Signer: signer, Revoker: auth.NewMemoryRevoker(nil),
		Limiter: auth.NewLimiter(auth.LimiterConfig{}), TTL: m.Config.TokenTTL}, nil
}

func (m *Main) tokenKey() ([]byte, error) {
	if k := m.Config.TokenKey; k != "" {
		key, err := hex.DecodeString(k)
		if err != nil || len(key) < 32 {
			return nil, errors.New("--token-key must be at least 32 bytes in hex (64 hex digits)")
		}
		return key, nil
	}
	path := filepath.Join(m.dataDir(), "token.key")
	if b, err := os.ReadFile(path); err == nil {
		key, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(key) < 32 {
			return nil, fmt.Errorf("%s is not a hex key of at least 32 bytes", path)
		}
		return key, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read token key: %w", err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("make token key: %w", err)
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("write token key: %w", err)
	}
	return key, nil
}

// runUser manages accounts from the command line:
//
//	jiangxin user add --role UNION_OFFICER --scope uni_… --username cs.union [--name 长沙市总工会]
//	jiangxin user list
//
// The password is read from standard input (one line), so it stays out of shell history.
func runUser(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		fmt.Fprintln(stderr, "usage: jiangxin user add --role ROLE [--scope ID] --username NAME [--name DISPLAY] < password\n       jiangxin user list")
		return errors.New("user needs add or list")
	}
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	role := fs.String("role", "", "ADMIN, UNION_OFFICER, ENTERPRISE, CRAFTSMAN or APPRENTICE")
	scope := fs.String("scope", "", "the union, enterprise or worker ID the account acts for")
	username := fs.String("username", "", "sign-in name (a-z, 0-9, . _ - @)")
	name := fs.String("name", "", "display name")
	m := NewMain(stdout, stderr)
	storeFlags(fs, &m.Config, getenv)
	if _, err := parseArgs(fs, args[1:]); err != nil {
		return err
	}
	if err := m.openCLIStore(ctx); err != nil {
		_ = m.Close()
		return err
	}
	defer m.Close()
	if args[0] == "list" {
		tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USERNAME\tROLE\tSCOPE\tDISABLED\tCREATED")
		after := ""
		for {
			c, err := m.Store.ListAccounts(ctx, graph.AccountFilter{}, graph.Page{First: graph.MaxPageSize, After: after})
			if err != nil {
				return err
			}
			for _, a := range c.Items {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%v\t%s\n", a.Username, a.Role, a.ScopeID, a.Disabled, a.CreatedAt.Format(time.DateOnly))
			}
			if !c.HasNext {
				break
			}
			after = c.EndCursor
		}
		return tw.Flush()
	}
	r := graph.AccountRole(strings.ToUpper(*role))
	if !r.Valid() {
		return fmt.Errorf("--role %q: %w", *role, graph.Invalid("role", "must be ADMIN, UNION_OFFICER, ENTERPRISE, CRAFTSMAN or APPRENTICE"))
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password: %w", err)
	}
	acc, err := auth.NewAccounts(m.Service, nil).Create(ctx, auth.NewAccount{Username: *username,
		Password: strings.TrimRight(line, "\r\n"), DisplayName: *name, Role: r, ScopeID: *scope})
	if err != nil {
		return err
	}
	m.recordSystem(ctx, "user add", acc.ID, "account "+acc.Username+" ("+string(acc.Role)+") created on the command line")
	fmt.Fprintf(stdout, "created %s (%s) %s\n", acc.Username, acc.Role, acc.ID)
	return nil
}

// recordSystem writes an audit entry for a change made by the command line or the demo loader.
func (m *Main) recordSystem(ctx context.Context, action, entityID, summary string) {
	e := graph.AuditEntry{ID: m.Service.NewID(graph.KindAudit), At: m.Service.Now(), ActorName: "system",
		Action: action, EntityID: entityID, Summary: summary}
	if err := m.Store.AppendAudit(ctx, e); err != nil {
		m.Log.Warn("audit entry not recorded", "action", action, "err", err)
	}
}
