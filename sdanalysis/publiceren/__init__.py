"""Publishing: workbook, HTML report and the privacy gate."""
