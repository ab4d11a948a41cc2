// Package sim is the simulated AWS behind the fake `pulumi-resource-aws` plugin: a Pulumi provider (built on the
// engine's own deploytest.Provider) whose every operation goes through the shared model in awsmodel, and a
// file-backed store that lets separate CLI runs — and the several plugin processes of one run — share one simulated
// account.
package sim

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jaiarobotics/jaia-cloud/awsmodel"
)

// Environment variables the simulator reads.
const (
	// EnvState is the path of the simulated account's JSON file (required by the plugin).
	EnvState = "JAIA_SIM_STATE"
	// EnvSeed chooses the inventory of a new state file: "prod" (default: awsmodel.SeedAccount), "legacy" (prod plus
	// the legacy servers, awsmodel.SeedLegacy) or "empty".
	EnvSeed = "JAIA_SIM_SEED"
	// EnvFailAt makes create/update attempt number N fail (comma-separated list allowed). Attempts are counted over
	// the simulated account's lifetime (Account.Mutations, persisted in the state file).
	EnvFailAt = "JAIA_SIM_FAIL_AT"
	// EnvStrictPreview=0 turns off the account checks the simulator adds to Check (the real provider only finds
	// those problems when it applies).
	EnvStrictPreview = "JAIA_SIM_STRICT_PREVIEW"
)

// Store is a simulated account persisted as JSON. Every operation takes an exclusive (or shared) flock on
// `<path>.lock`, reads the file, and — for updates — writes it back atomically (temp file + rename), so concurrent
// processes never see a torn file or lose an update.
type Store struct {
	Path string
	// Seed builds the account when the file does not exist yet.
	Seed func() (*awsmodel.Account, error)
	mu   sync.Mutex
	// cache is the account as last read or written by this process, valid while the file's identity (inode, size,
	// modification time) is cacheKey: every write replaces the file by rename, so another process's write changes it.
	cache    *awsmodel.Account
	cacheKey fileKey
}

type fileKey struct {
	ino   uint64
	size  int64
	mtime int64
}

func statKey(path string) (fileKey, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileKey{}, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileKey{}, false
	}
	return fileKey{ino: st.Ino, size: fi.Size(), mtime: fi.ModTime().UnixNano()}, true
}

// NewStore returns a store for path with the seed named by seed ("prod", "legacy", "empty"; "" means prod).
func NewStore(path, seed string) (*Store, error) {
	f, err := SeedFunc(seed)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	return &Store{Path: abs, Seed: f}, nil
}

// StoreFromEnv returns the store named by JAIA_SIM_STATE / JAIA_SIM_SEED.
func StoreFromEnv() (*Store, error) {
	p := os.Getenv(EnvState)
	if p == "" {
		return nil, fmt.Errorf("the simulated AWS provider needs %s: the path of the simulated account's JSON file", EnvState)
	}
	return NewStore(p, os.Getenv(EnvSeed))
}

// SeedFunc maps a seed name to the function that builds it.
func SeedFunc(name string) (func() (*awsmodel.Account, error), error) {
	switch strings.ToLower(name) {
	case "", "prod":
		return func() (*awsmodel.Account, error) { return awsmodel.SeedAccount(), nil }, nil
	case "legacy":
		return func() (*awsmodel.Account, error) {
			a := awsmodel.SeedAccount()
			return a, awsmodel.SeedLegacy(a)
		}, nil
	case "empty":
		return func() (*awsmodel.Account, error) { return awsmodel.NewAccount(), nil }, nil
	}
	return nil, fmt.Errorf("unknown %s %q (want prod, legacy or empty)", EnvSeed, name)
}

// View runs fn on the current account under a shared lock; fn must not modify the account.
func (s *Store) View(fn func(*awsmodel.Account) error) error {
	return s.with(syscall.LOCK_SH, func(a *awsmodel.Account) (bool, error) { return false, fn(a) })
}

// Update runs fn on the current account under an exclusive lock and writes the account back — also when fn
// returns an error (awsmodel operations leave the account unchanged on error, but counters such as Mutations
// must persist).
func (s *Store) Update(fn func(*awsmodel.Account) error) error {
	return s.with(syscall.LOCK_EX, func(a *awsmodel.Account) (bool, error) { return true, fn(a) })
}

// Load returns a snapshot of the account (a copy the caller may change).
func (s *Store) Load() (*awsmodel.Account, error) {
	var out *awsmodel.Account
	err := s.View(func(a *awsmodel.Account) error { out = a.Clone(); return nil })
	return out, err
}

// Reset replaces the account with a fresh seed.
func (s *Store) Reset() error {
	return s.with(syscall.LOCK_EX, func(a *awsmodel.Account) (bool, error) {
		fresh, err := s.Seed()
		if err != nil {
			return false, err
		}
		*a = *fresh
		return true, nil
	})
}

func (s *Store) with(how int, fn func(*awsmodel.Account) (bool, error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(s.Path), 0o755); err != nil {
		return err
	}
	lock, err := os.OpenFile(s.Path+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), how); err != nil {
		return fmt.Errorf("locking %s: %w", s.Path, err)
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN) //nolint:errcheck

	a, created, err := s.read()
	if err != nil {
		return err
	}
	write, opErr := fn(a)
	if (write || created) && how == syscall.LOCK_EX {
		if err := s.write(a); err != nil {
			return errors.Join(opErr, err)
		}
	}
	// Under a shared lock a new seed is not written; it is deterministic, so the first exclusive operation
	// persists the same account.
	return opErr
}

func (s *Store) read() (*awsmodel.Account, bool, error) {
	if key, ok := statKey(s.Path); ok && s.cache != nil && key == s.cacheKey {
		return s.cache, false, nil
	}
	s.cache = nil
	b, err := os.ReadFile(s.Path)
	if errors.Is(err, os.ErrNotExist) {
		a, err := s.Seed()
		return a, true, err
	}
	if err != nil {
		return nil, false, err
	}
	a, err := awsmodel.UnmarshalAccount(b)
	if err != nil {
		return nil, false, err
	}
	if key, ok := statKey(s.Path); ok {
		s.cache, s.cacheKey = a, key
	}
	return a, false, nil
}

func (s *Store) write(a *awsmodel.Account) error {
	b, err := json.Marshal(a) // compact: every operation rewrites the file (`simctl json` pretty-prints)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.Path), filepath.Base(s.Path)+".tmp*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), s.Path); err != nil {
		s.cache = nil
		return err
	}
	if key, ok := statKey(s.Path); ok {
		s.cache, s.cacheKey = a, key
	}
	return nil
}

// Journal appends one line to `<path>.log` (best effort): what the simulator did, for humans debugging a test.
func (s *Store) Journal(format string, args ...any) {
	f, err := os.OpenFile(s.Path+".log", os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "%s pid=%d %s\n", time.Now().UTC().Format("15:04:05.000"), os.Getpid(), fmt.Sprintf(format, args...))
}
