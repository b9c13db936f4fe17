"""The Streamlit app (thin pages over the interviewer services)."""
