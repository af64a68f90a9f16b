package auth

import (
	"context"
	"slices"
	"testing"
)

func TestParseRole(t *testing.T) {
	tests := []struct {
		in     string
		want   Role
		wantOK bool
	}{
		{"creator", RoleCreator, true},
		{"org_member", RoleOrgMember, true},
		{"moderator", RoleModerator, true},
		{"clinical_reviewer", RoleClinicalReviewer, true},
		{"publisher", RolePublisher, true},
		{"admin", RoleAdmin, true},
		{"ADMIN", RoleAdmin, true},
		{"  Moderator ", RoleModerator, true},
		{"", "", false},
		{"root", "", false},
		{"org-member", "", false},
		{"admin,moderator", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseRole(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseRole(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestAllRoles(t *testing.T) {
	if len(AllRoles) != 6 {
		t.Fatalf("len(AllRoles) = %d, want 6", len(AllRoles))
	}
	if !slices.IsSorted(AllRoles) {
		t.Errorf("AllRoles not sorted: %v", AllRoles)
	}
	for _, r := range AllRoles {
		if got, ok := ParseRole(string(r)); !ok || got != r {
			t.Errorf("ParseRole(%q) = %q, %v; want %q, true", r, got, ok, r)
		}
	}
}

func TestNormalizeRoles(t *testing.T) {
	tests := []struct {
		in   []string
		want []Role
	}{
		{nil, []Role{}},
		{[]string{"publisher", "admin", "ADMIN", "unknown", "creator"}, []Role{RoleAdmin, RoleCreator, RolePublisher}},
		{[]string{"nope"}, []Role{}},
	}
	for _, tt := range tests {
		if got := normalizeRoles(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("normalizeRoles(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestViewer(t *testing.T) {
	tests := []struct {
		name      string
		v         *Viewer
		anonymous bool
		has       []Role // roles Has must report
		hasNot    []Role // roles Has must deny
		strings   []string
	}{
		{
			name:      "nil",
			v:         nil,
			anonymous: true,
			hasNot:    []Role{RoleAdmin},
			strings:   []string{},
		},
		{
			name:      "anonymous",
			v:         &Viewer{ClientAddr: "192.0.2.1"},
			anonymous: true,
			hasNot:    []Role{RoleCreator},
			strings:   []string{},
		},
		{
			name:    "signed in",
			v:       &Viewer{Subject: "u1", Roles: []Role{RoleCreator, RoleModerator}},
			has:     []Role{RoleCreator, RoleModerator},
			hasNot:  []Role{RoleAdmin, RolePublisher},
			strings: []string{"creator", "moderator"},
		},
		{
			name:    "system",
			v:       &Viewer{System: true},
			hasNot:  []Role{RoleAdmin},
			strings: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.Anonymous(); got != tt.anonymous {
				t.Errorf("Anonymous() = %v, want %v", got, tt.anonymous)
			}
			for _, r := range tt.has {
				if !tt.v.Has(r) {
					t.Errorf("Has(%q) = false, want true", r)
				}
			}
			for _, r := range tt.hasNot {
				if tt.v.Has(r) {
					t.Errorf("Has(%q) = true, want false", r)
				}
			}
			if len(tt.has) > 0 && !tt.v.HasAny(append(slices.Clone(tt.hasNot), tt.has[0])...) {
				t.Errorf("HasAny(%v, %q) = false, want true", tt.hasNot, tt.has[0])
			}
			if tt.v.HasAny(tt.hasNot...) {
				t.Errorf("HasAny(%v) = true, want false", tt.hasNot)
			}
			if tt.v.HasAny() {
				t.Error("HasAny() = true, want false")
			}
			got := tt.v.RoleStrings()
			if got == nil || !slices.Equal(got, tt.strings) {
				t.Errorf("RoleStrings() = %#v, want %#v", got, tt.strings)
			}
		})
	}
}

func TestContext(t *testing.T) {
	ctx := context.Background()

	anon := FromContext(ctx)
	if anon == nil || !anon.Anonymous() {
		t.Fatalf("FromContext(empty) = %+v, want anonymous viewer", anon)
	}
	if anon == FromContext(ctx) {
		t.Error("FromContext(empty) returned a shared viewer; want a fresh one each call")
	}
	if got := FromContext(NewContext(ctx, nil)); got == nil || !got.Anonymous() {
		t.Errorf("FromContext(NewContext(nil)) = %+v, want anonymous viewer", got)
	}

	v := &Viewer{Subject: "u1", Roles: []Role{RoleAdmin}, AccountID: 7}
	if got := FromContext(NewContext(ctx, v)); got != v {
		t.Errorf("FromContext(NewContext(v)) = %+v, want %+v", got, v)
	}

	sys := FromContext(SystemContext(ctx))
	if !sys.System || sys.Subject != "system" || sys.Anonymous() {
		t.Errorf("SystemContext viewer = %+v, want Subject system, System true, not anonymous", sys)
	}
	if len(sys.Roles) != 0 {
		t.Errorf("SystemContext viewer roles = %v, want none", sys.Roles)
	}
}
