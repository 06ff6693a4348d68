"""What people read: terminal tables, HTML reports, workbooks, calendars and maps."""
