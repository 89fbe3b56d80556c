package wepaytest

import (
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentCreatesAndModifies: hundreds of concurrent calls across
// several users lose no update and never repeat an account id.
func TestConcurrentCreatesAndModifies(t *testing.T) {
	const users, perUser = 4, 60
	s := newServer(t)
	type result struct {
		user int
		id   int64
	}
	var (
		mu      sync.Mutex
		results []result
		wg      sync.WaitGroup
	)
	us := make([]*User, users)
	shared := make([]int64, users)
	for i := range us {
		us[i] = s.NewUser(fmt.Sprintf("user-%d", i))
		shared[i] = create(t, s, us[i].Token, map[string]any{"name": "Shared"})
	}
	rbit := []any{map[string]any{"receive_time": 1367958263, "type": "comment", "source": "user", "properties": map[string]any{"comment": "hi"}}}
	for i := range users {
		for j := range perUser {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tok := us[i].Token
				a := call(t, s, tok, "/account/create", map[string]any{"name": "Shop", "description": "v0", "reference_id": fmt.Sprintf("u%d-%d", i, j)})
				if a.Status != 200 {
					t.Errorf("create: %d %s", a.Status, a.Body)
					return
				}
				id := int64(a.object(t)["account_id"].(float64))
				mu.Lock()
				results = append(results, result{i, id})
				mu.Unlock()
				for k := 1; k <= 3; k++ {
					call(t, s, tok, "/account/modify", map[string]any{"account_id": id, "description": fmt.Sprintf("v%d", k)})
				}
				// Every modify of the shared account adds one rbit: a lost
				// update would lose an rbit id.
				call(t, s, tok, "/account/modify", map[string]any{"account_id": shared[i], "rbits": rbit})
			}()
		}
	}
	wg.Wait()

	seen := map[int64]bool{}
	for _, id := range shared {
		seen[id] = true
	}
	for _, r := range results {
		if seen[r.id] {
			t.Fatalf("account id %d handed out twice", r.id)
		}
		seen[r.id] = true
	}
	if len(results) != users*perUser {
		t.Fatalf("%d accounts created, want %d", len(results), users*perUser)
	}
	for i, u := range us {
		var listed []map[string]any
		for start := 0; ; start += 50 {
			page := call(t, s, u.Token, "/account/find", map[string]any{"start": start, "limit": 50, "sort_order": "asc"}).list(t)
			listed = append(listed, page...)
			if len(page) < 50 {
				break
			}
		}
		if len(listed) != perUser+1 {
			t.Errorf("user %d lists %d accounts, want %d", i, len(listed), perUser+1)
		}
		for _, a := range listed {
			switch {
			case a["owner_user_id"] != float64(u.ID):
				t.Errorf("user %d lists another user's account %v", i, a["account_id"])
			case a["account_id"] == float64(shared[i]):
				ids := map[any]bool{}
				for _, x := range a["rbit_ids"].([]any) {
					ids[x] = true
				}
				if len(ids) != perUser {
					t.Errorf("shared account of user %d has %d distinct rbit ids, want %d", i, len(ids), perUser)
				}
			case a["description"] != "v3":
				t.Errorf("account %v lost an update: description %v", a["account_id"], a["description"])
			}
		}
	}
}
