"""Pure analysis: geometry, raw measures, calibration, smoothing, landmark quality."""
