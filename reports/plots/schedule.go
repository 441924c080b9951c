package plots

import (
	"errors"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/capsim/capsim/reports"
)

// Schedule renders the hourly schedule's plot, schedule-capacity: one
// panel per location over the hours of the day (UTC), the offered load
// estimated under the schedule, always_on, and the offered load plus
// target_idle (the capacity target-idle keeps allocated), as steps.
func Schedule(s *reports.OptimizeSchedule) ([]Plot, error) {
	if s == nil || len(s.Locations) == 0 {
		return nil, errors.New("plots: no schedule")
	}
	fig := figure{
		name:  "schedule-capacity",
		title: "Hourly schedule: capacity against offered load",
		caption: "Per location and hour of the day (UTC): the offered load the simulation shows under the schedule (streams), " +
			"the scheduled always_on, and the load plus the scheduled target_idle (what target-idle keeps allocated); slots.",
		height: figHeight * vg.Length(max(len(s.Locations), 2)) / 2,
		draw: func(dc draw.Canvas) {
			var ps []*plot.Plot
			var ls []*plot.Legend
			for _, l := range s.Locations {
				p, lg := schedulePanel(l)
				ps, ls = append(ps, p), append(ls, lg)
			}
			drawPanels(dc, ps, ls)
		},
	}
	return renderAll([]figure{fig})
}

func schedulePanel(l reports.ScheduleLocation) (*plot.Plot, *plot.Legend) {
	p := newPlot("hour of the day (UTC)", reports.TerminalSafe(l.Name)+" (slots)")
	lg := newLegend()
	x := func(k int) float64 { return float64(k) }
	n := len(l.Hours)
	series := []struct {
		name string
		v    func(h reports.ScheduleHour) float64
		col  color.NRGBA
		sty  draw.LineStyle
	}{
		{"offered load", func(h reports.ScheduleHour) float64 { return zeroNaN(float64(h.OfferedLoad)) }, black, lineStyle(black, thinWidth)},
		{"always_on", func(h reports.ScheduleHour) float64 { return float64(h.AlwaysOn) }, blue, lineStyle(blue, lineWidth)},
		{"load + target_idle", func(h reports.ScheduleHour) float64 {
			return zeroNaN(float64(h.OfferedLoad)) + float64(h.TargetIdle)
		}, vermillion, lineStyle(vermillion, lineWidth, 6, 3)},
	}
	for _, s := range series {
		ln := newLine(stepPath(0, n, x, func(k int) float64 { return s.v(l.Hours[k]) }), s.sty)
		p.Add(ln)
		lg.Add(s.name, ln)
	}
	p.X.Min, p.X.Max, p.Y.Min = 0, float64(n), 0
	return p, lg
}
