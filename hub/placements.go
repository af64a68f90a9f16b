package hub

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"haven/database"
	"haven/ent"
	"haven/ent/campaign"
	"haven/ent/content"
	"haven/ent/feature"
)

// The hub page in three statements.
//
// A campaign read by slug (or in the campaigns list) carries, in the same statement, the
// placements showing now: a subquery on the features' (campaign_id, kind, position) index
// aggregates each placement's kind, position, ID and placed object's ID into one column of the
// campaign row. The page's lists then start from it: spotlighted creators and partner
// organizations are found by ID in the dimension cache (package dimcache, no statement once it
// holds them), featured pieces are read by ID with the page's other edges, their creators and
// organizations again from the dimension cache. A campaign that does not carry its placements
// (one returned by a mutation, or by node) reads them as before, one query of placements per
// list.

// placementsAs names the column of a campaign row that lists its placements showing now.
const placementsAs = "hub_placements"

// withPlacements adds the placements showing at now to the rows the query reads.
func (s *Service) withPlacements(q *ent.CampaignQuery, now time.Time) *ent.CampaignQuery {
	q.Modify(func(sel *sql.Selector) {
		d := sel.Dialect()
		f := sql.Dialect(d).Table(feature.Table).As("hub_f")
		item := func(col string) string { return "CAST(" + f.C(col) + " AS TEXT)" }
		target := "CAST(COALESCE(" + f.C(feature.FieldContentID) + ", " + f.C(feature.FieldCreatorID) + ", " +
			f.C(feature.FieldOrganizationID) + ") AS TEXT)"
		row := strings.Join([]string{item(feature.FieldKind), item(feature.FieldPosition), item(feature.FieldID), target}, " || ':' || ")
		// Never NULL: SQLite's driver cannot tell the type of a NULL expression.
		agg := "COALESCE(group_concat(" + row + ", ','), '')"
		if d == dialect.Postgres {
			agg = "COALESCE(string_agg(" + row + ", ','), '')"
		}
		sub := sql.Dialect(d).Select().From(f)
		sub.AppendSelectExpr(sql.Raw(agg))
		sub.Where(sql.And(
			sql.ColumnsEQ(f.C(feature.FieldCampaignID), sel.C(campaign.FieldID)),
			sql.Or(sql.IsNull(f.C(feature.FieldStartsAt)), sql.LTE(f.C(feature.FieldStartsAt), now)),
			sql.Or(sql.IsNull(f.C(feature.FieldEndsAt)), sql.GT(f.C(feature.FieldEndsAt), now)),
		))
		sel.AppendSelectExprAs(sub, placementsAs)
	})
	return q
}

// placement is one showing placement of a campaign row.
type placement struct {
	kind             feature.Kind
	position, id, at int // at: the ID of the placed content, creator or organization
}

// placementsOf returns the placements a campaign row carries, and false when it carries none
// (it was not read with withPlacements).
func placementsOf(c *ent.Campaign) ([]placement, bool) {
	v, err := c.Value(placementsAs)
	if err != nil {
		return nil, false
	}
	list, ok := database.Text(v)
	if !ok {
		return nil, false
	}
	if list == "" { // no placement showing
		return nil, true
	}
	out := make([]placement, 0, strings.Count(list, ",")+1)
	for item := range strings.SplitSeq(list, ",") {
		parts := strings.Split(item, ":")
		if len(parts) != 4 {
			return nil, false
		}
		p := placement{kind: feature.Kind(parts[0])}
		var errs [3]error
		p.position, errs[0] = strconv.Atoi(parts[1])
		p.id, errs[1] = strconv.Atoi(parts[2])
		p.at, errs[2] = strconv.Atoi(parts[3])
		if errs[0] != nil || errs[1] != nil || errs[2] != nil {
			return nil, false
		}
		out = append(out, p)
	}
	return out, true
}

// placedIDs returns the IDs placed by the placements of kind, in position order (then placement
// ID), once each.
func placedIDs(ps []placement, kind feature.Kind) []int {
	var of []placement
	for _, p := range ps {
		if p.kind == kind {
			of = append(of, p)
		}
	}
	slices.SortFunc(of, func(a, b placement) int {
		if a.position != b.position {
			return a.position - b.position
		}
		return a.id - b.id
	})
	ids := make([]int, 0, len(of))
	for _, p := range of {
		if !slices.Contains(ids, p.at) {
			ids = append(ids, p.at)
		}
	}
	return ids
}

// ContentLoad is how the featured pieces of a page are read: Load adds the eager loading of
// what the client selected; CreatorsFromMemory and OrganizationsFromMemory say that the client
// selected only columns of their creators and organizations, so that these may be taken from the
// dimension cache instead of being read.
type ContentLoad struct {
	Load                                        Load[*ent.ContentQuery]
	CreatorsFromMemory, OrganizationsFromMemory bool
}

// Column names under which a featured piece's creator and organization IDs are read when the
// rows come from the dimension cache (see featuredByID).
const (
	creatorIDAs      = "hub_creator_id"
	organizationIDAs = "hub_organization_id"
)

// featuredByID reads the live pieces of ids, in the order of ids, with what load says.
//
// A creator or organization taken from memory is still eager-loaded, so that ent marks the edge
// loaded and resolving it costs no statement, also for a piece without one; but the piece's
// foreign key is read under another name, so that ent finds no ID to load and sends no
// statement, and the row is then set from the dimension cache.
func (s *Service) featuredByID(ctx context.Context, ids []int, load ContentLoad) ([]*ent.Content, error) {
	if len(ids) == 0 {
		return []*ent.Content{}, nil
	}
	// Staff may read any content, but the page shows what is live to everyone.
	q := s.Client.Content.Query().Where(content.IDIn(ids...), content.StatusEQ(content.StatusLIVE))
	var err error
	load.Load.apply(q, &err)
	if err != nil {
		return nil, err
	}
	renames := map[string]string{}
	if load.CreatorsFromMemory {
		q.WithCreator()
		renames[content.FieldCreatorID] = creatorIDAs
	}
	if load.OrganizationsFromMemory {
		q.WithOrganization()
		renames[content.FieldOrganizationID] = organizationIDAs
	}
	if len(renames) > 0 {
		q.Modify(func(sel *sql.Selector) {
			cols := sel.SelectedColumns()
			sel.Select()
			for _, c := range cols {
				renamed := false
				for field, as := range renames {
					if c == sel.C(field) {
						// Never NULL: SQLite's driver cannot tell the type of a NULL expression.
						sel.AppendSelectExprAs(sql.Raw("COALESCE("+c+", 0)"), as)
						renamed = true
					}
				}
				if !renamed {
					sel.AppendSelect(c)
				}
			}
		})
	}
	cs, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	if len(renames) > 0 {
		for _, c := range cs {
			if load.CreatorsFromMemory {
				c.CreatorID = renamedID(c, creatorIDAs)
			}
			if load.OrganizationsFromMemory {
				c.OrganizationID = renamedID(c, organizationIDAs)
			}
		}
		g, err := s.Dims.Load(ctx, cs, nil)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if load.CreatorsFromMemory && c.CreatorID != nil {
				c.Edges.Creator = g.Creator(*c.CreatorID)
			}
			if load.OrganizationsFromMemory && c.OrganizationID != nil {
				c.Edges.Organization = g.Organization(*c.OrganizationID)
			}
		}
	}
	out := make([]*ent.Content, 0, len(cs))
	for _, id := range ids {
		if i := slices.IndexFunc(cs, func(c *ent.Content) bool { return c.ID == id }); i >= 0 {
			out = append(out, cs[i])
		}
	}
	return out, nil
}

// renamedID returns the ID read under the name as, nil for none (read as 0).
func renamedID(c *ent.Content, as string) *int {
	v, err := c.Value(as)
	if err != nil {
		return nil
	}
	switch v := v.(type) {
	case int64:
		if v != 0 {
			n := int(v)
			return &n
		}
	}
	return nil // 0: none
}

// creatorsByID returns the creators of ids from the dimension cache, in the order of ids; an
// ID without a row (deleted since) is left out.
func (s *Service) creatorsByID(ctx context.Context, ids []int) ([]*ent.Creator, error) {
	stubs := make([]*ent.Content, len(ids))
	for i := range ids {
		stubs[i] = &ent.Content{CreatorID: &ids[i]}
	}
	g, err := s.Dims.Load(ctx, stubs, nil)
	if err != nil {
		return nil, err
	}
	out := make([]*ent.Creator, 0, len(ids))
	for _, id := range ids {
		if c := g.Creator(id); c != nil {
			out = append(out, c)
		}
	}
	return out, nil
}

// organizationsByID returns the organizations of ids from the dimension cache, in the order of
// ids; an ID without a row (deleted since) is left out.
func (s *Service) organizationsByID(ctx context.Context, ids []int) ([]*ent.Organization, error) {
	stubs := make([]*ent.Content, len(ids))
	for i := range ids {
		stubs[i] = &ent.Content{OrganizationID: &ids[i]}
	}
	g, err := s.Dims.Load(ctx, stubs, nil)
	if err != nil {
		return nil, err
	}
	out := make([]*ent.Organization, 0, len(ids))
	for _, id := range ids {
		if o := g.Organization(id); o != nil {
			out = append(out, o)
		}
	}
	return out, nil
}
